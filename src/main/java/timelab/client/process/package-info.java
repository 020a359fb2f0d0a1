/**
 * The {@code process} client strategy: clients run in child JVMs, one per client or a share per child. One word for
 * that JVM: the <em>child</em>. The parent side is {@link timelab.client.process.ProcessEngine} (spawning paced like
 * clients, the hold across children, merging the children's reports) with {@code Child} (one child on a
 * {@link timelab.fork.JvmProcess}), {@code ChildAdmission}/{@code Admission} (admission control), {@code
 * ChildReports} (what died or never started) and {@code ChildCommand}/{@code CdsArchive} (a cheap child JVM). The
 * child side is {@link timelab.client.process.ChildMain}: it reads its {@code ChildSpec} from standard input and
 * talks {@link timelab.fork.Message}s.
 *
 * <p>Public: {@code ProcessEngine} (for {@code LoadGenerator}'s one switch over the strategy: the package's one entry
 * point from {@code timelab.client}, the only edge of a cycle between the two packages), {@code ChildMain} (a main
 * class) and {@code ChildCommand.MAIN}. Everything else is package-private. It uses {@code timelab.client}'s engine
 * parts ({@code Engine}, {@code PlanShare}, {@code Tally}, {@code Results}, {@code ClientPeaks}, {@code Schedule},
 * {@code StopSignal}), which are public for this package only.
 */
package timelab.client.process;

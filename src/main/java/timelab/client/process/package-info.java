/**
 * The {@code process} client strategy: clients run in child JVMs, one per client or a share per child. One word for
 * that JVM: the <em>child</em>. The parent side is {@link timelab.client.process.ProcessEngine} (spawning paced like
 * clients, the hold across children with {@code HoldRelease}, merging the children's reports) with {@code Child}
 * (one child on a {@link timelab.fork.JvmProcess}), {@code ChildAdmission}/{@code Admission} (admission control),
 * {@code ChildReports} (what died or never started), {@code Slice} (a child's share) and
 * {@code ChildCommand}/{@code CdsArchive} (a cheap child JVM). The child side is
 * {@link timelab.client.process.ChildMain}: it reads its {@code ChildSpec} from standard input and talks
 * {@link timelab.fork.Message}s.
 *
 * <p>Public: {@code ProcessEngine} (its constructor is the {@code timelab.client.ChildEngines} that
 * {@code timelab.app} hands a run that may fork: {@code timelab.client} never names this package, so the packages
 * form a chain, client ← fork ← client.process ← app), {@code ChildMain} (a main class) and
 * {@code ChildCommand.MAIN}. Everything else is package-private. It uses {@code timelab.client}'s engine parts
 * ({@code Engine}, {@code PlanShare}, {@code Tally}, {@code Results}, {@code ClientPeaks}, {@code Schedule},
 * {@code StopSignal}), which are public for this package and {@code timelab.fork} only.
 *
 * <p>Threads: each child's output is read on its own pump thread ({@code timelab-client-child-PID}, a small stack);
 * the engine's callbacks run there. In the child, {@code timelab-client-child-control} reads the parent's
 * {@code Go}/{@code Stop}.
 */
package timelab.client.process;

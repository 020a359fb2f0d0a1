package timelab.server;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.RuntimeMBeanException;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import timelab.work.Work;

/**
 * The {@link ServerControl} MBean of a timelab server running in another local JVM, reached through the JDK Attach
 * API: attach (a Unix domain socket, same user only), start the target's <em>local</em> management agent, connect
 * to the JMX connector address it returns, detach.
 *
 * <p>What that opens in the target, precisely (JDK 21–25): the Attach API itself is a Unix domain socket
 * ({@code /tmp/.java_pid<pid>}) served by the target's {@code Attach Listener} thread. The local management agent is
 * an RMI JMX connector on an ephemeral TCP port; the JDK creates its server socket with {@code new ServerSocket(port)}
 * (the wildcard address) and closes, right after {@code accept()}, every connection whose peer address is not one of
 * this host's own ({@code LocalRMIServerSocketFactory}); its address is known only through the Attach API. Both
 * stay open until the target exits. No port is opened on the controlling side.
 *
 * <p>Every failure is an {@link IOException} with a one-line message meant for the user.
 */
public final class RemoteServerControl implements AutoCloseable {

    private static final List<String> STAT_ATTRIBUTES = List.of("Model", "Accepted", "Active", "PeakActive",
            "Requests", "ErrorReplies", "BusyRejected", "AcceptFailures", "MaxConnections", "PlatformThreads",
            "PeakPlatformThreads", "VirtualThreads", "PeakVirtualThreads", "Work", "InFlight", "PeakInFlight", "Queued",
            "PeakQueued", "ClosedByReason");

    /**
     * A system property of a worker of {@code timelab server --processes N}: the parent's pid. A live switch of a
     * worker is refused (it would switch alone, and the parent's totals would mix models).
     */
    public static final String WORKER_OF = "timelab.server.parent";

    /** A system property of the parent of {@code timelab server --processes N}: its workers' pids. */
    public static final String WORKERS = "timelab.server.workers";

    private final long pid;
    private final JMXConnector connector;
    private final MBeanServerConnection mbeans;
    private final String workerOf;

    private RemoteServerControl(long pid, JMXConnector connector, MBeanServerConnection mbeans, String workerOf) {
        this.pid = pid;
        this.connector = connector;
        this.mbeans = mbeans;
        this.workerOf = workerOf;
    }

    /**
     * Connects to the timelab server with process id {@code pid}.
     *
     * @throws IOException no such process, not a Java VM this user can attach to, attach not permitted, or not a
     *     timelab server: the message says which
     */
    public static RemoteServerControl attach(long pid) throws IOException {
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() -> new IOException("no process with pid " + pid));
        if (pid == ProcessHandle.current().pid()) {
            throw new IOException("attach not permitted: pid " + pid + " is this process (a JVM cannot attach to "
                    + "itself)");
        }
        String id = Long.toString(pid);
        boolean listed = VirtualMachine.list().stream().map(VirtualMachineDescriptor::id).anyMatch(id::equals);
        if (!listed) {
            // not attaching blindly: the attach handshake sends SIGQUIT, which ends a process that does not catch it
            String owner = process.info().user().orElse("?");
            String me = System.getProperty("user.name");
            throw new IOException(owner.equals(me) || owner.equals("?")
                    ? "pid " + pid + " (" + process.info().command().orElse("?") + ") is not a Java VM this user can "
                            + "attach to ('jcmd -l' does not list it)"
                    : "attach not permitted: pid " + pid + " belongs to user " + owner + ", not " + me
                            + " (the Attach API works only between processes of the same user)");
        }
        String address;
        String workerOf;
        try {
            VirtualMachine vm = VirtualMachine.attach(id);
            try {
                Properties properties = vm.getSystemProperties();
                String workers = properties.getProperty(WORKERS);
                if (workers != null) {
                    throw new IOException("pid " + pid + " is the parent of 'timelab server --processes': it serves "
                            + "nothing itself, and a live switch is refused there; its workers: " + workers);
                }
                workerOf = properties.getProperty(WORKER_OF);
                address = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
        } catch (AttachNotSupportedException | IOException | SecurityException e) {
            if (e.getMessage() != null && e.getMessage().contains("timelab server --processes")) {
                throw (IOException) e;
            }
            throw new IOException("attach not permitted to pid " + pid + ": " + oneLine(e) + " (same user needed; "
                    + "the target must not run with -XX:+DisableAttachMechanism)", e);
        }
        JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
        try {
            MBeanServerConnection mbeans = connector.getMBeanServerConnection();
            if (!mbeans.isRegistered(ServerControl.objectName())) {
                throw new IOException("pid " + pid + " is a Java VM but not a timelab server (it has no "
                        + ServerControl.OBJECT_NAME + " MBean)");
            }
            return new RemoteServerControl(pid, connector, mbeans, workerOf);
        } catch (IOException | RuntimeException e) {
            connector.close();
            throw e;
        }
    }

    public long pid() {
        return pid;
    }

    /** The server's counters, as its status line shows them. */
    public ServerStats stats() throws IOException {
        Map<String, Object> a = new TreeMap<>();
        try {
            AttributeList list = mbeans.getAttributes(ServerControl.objectName(),
                    STAT_ATTRIBUTES.toArray(String[]::new));
            for (Attribute attribute : list.asList()) {
                a.put(attribute.getName(), attribute.getValue());
            }
        } catch (JMException e) {
            throw new IOException("reading the server's attributes failed: " + oneLine(e), e);
        }
        if (!a.keySet().containsAll(STAT_ATTRIBUTES)) {
            throw new IOException("pid " + pid + ": the timelab server did not return every attribute (another "
                    + "timelab version?); got " + a.keySet());
        }
        Map<CloseReason, Long> closed = new EnumMap<>(CloseReason.class);
        ((Map<?, ?>) a.get("ClosedByReason")).forEach((k, v) -> {
            for (CloseReason r : CloseReason.values()) {
                if (r.name().equals(k)) {
                    closed.put(r, ((Number) v).longValue());
                }
            }
        });
        return new ServerStats(ServerModel.ofLabel((String) a.get("Model")), number(a, "Accepted"), number(a, "Active"),
                number(a, "PeakActive"), number(a, "Requests"), number(a, "ErrorReplies"),
                number(a, "BusyRejected"), number(a, "AcceptFailures"), (int) number(a, "MaxConnections"),
                (int) number(a, "PlatformThreads"), (int) number(a, "PeakPlatformThreads"),
                number(a, "VirtualThreads"), number(a, "PeakVirtualThreads"), Work.parse((String) a.get("Work")),
                number(a, "InFlight"), number(a, "PeakInFlight"), number(a, "Queued"), number(a, "PeakQueued"),
                closed);
    }

    /** Ended connections by the model that served them. */
    public Map<String, Long> servedByModel() throws IOException {
        try {
            Map<String, Long> m = new TreeMap<>();
            ((Map<?, ?>) mbeans.getAttribute(ServerControl.objectName(), "ServedByModel"))
                    .forEach((k, v) -> m.put(String.valueOf(k), ((Number) v).longValue()));
            return m;
        } catch (JMException e) {
            throw new IOException("reading ServedByModel failed: " + oneLine(e), e);
        }
    }

    /**
     * Switches the server's model ({@link ServerControlMBean#switchModel}).
     *
     * @return what happened, e.g. {@code platform -> virtual}
     * @throws IllegalArgumentException when the server rejects the model name
     * @throws IOException also when it is a worker of {@code timelab server --processes} (refused, one line)
     */
    public String switchModel(String model) throws IOException {
        if (workerOf != null) {
            throw new IOException("pid " + pid + " is a worker of 'timelab server --processes' (parent pid " + workerOf
                    + "): a live switch is refused with workers (each would switch alone); restart the parent with "
                    + "the new --model");
        }
        try {
            return (String) mbeans.invoke(ServerControl.objectName(), "switchModel", new Object[] {model},
                    new String[] {String.class.getName()});
        } catch (RuntimeMBeanException e) {
            if (e.getCause() instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IOException("the server refused the switch: " + oneLine(e.getCause()), e);
        } catch (JMException e) {
            throw new IOException("switching the model failed: " + oneLine(e), e);
        }
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }

    private static long number(Map<String, Object> a, String name) {
        return ((Number) a.get(name)).longValue();
    }

    private static String oneLine(Throwable e) {
        String m = e == null ? null : e.getMessage();
        return m == null ? (e == null ? "unknown" : e.getClass().getSimpleName()) : m.lines().findFirst().orElse(m);
    }
}

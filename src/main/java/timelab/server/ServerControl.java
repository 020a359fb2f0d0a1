package timelab.server;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * A {@link TimeServer} as a standard MBean ({@value #OBJECT_NAME}): its model and counters as attributes, a live
 * model switch as an operation. Registered with the platform MBean server by {@link #register}, unregistered by
 * {@link #close()}. Locally, {@code timelab server-ctl} reaches it through the Attach API; JMC through its JVM
 * browser.
 *
 * <p>Thread-safe: JMX calls arrive on RMI or JMC threads; {@link TimeServer#switchModel} serialises switches.
 */
public final class ServerControl implements ServerControlMBean, AutoCloseable {

    /** The name every timelab server registers under (one server per JVM: the command line's). */
    public static final String OBJECT_NAME = "timelab:type=Server";

    private final TimeServer server;
    private final int defaultPoolSize;
    private final Consumer<String> onSwitch;
    private final MBeanServer mbeans;
    private final ObjectName name;

    private ServerControl(TimeServer server, int defaultPoolSize, Consumer<String> onSwitch, MBeanServer mbeans,
            ObjectName name) {
        this.server = server;
        this.defaultPoolSize = defaultPoolSize;
        this.onSwitch = onSwitch;
        this.mbeans = mbeans;
        this.name = name;
    }

    /**
     * Registers {@code server} as {@value #OBJECT_NAME}.
     *
     * @param defaultPoolSize the pool size of {@code fixed} when a switch names none (the server's
     *     {@code --pool-size})
     * @param onSwitch told (on the JMX caller's thread) after each switch, e.g. {@code platform -> virtual}
     * @throws IllegalStateException when another server of this JVM is registered already
     */
    public static ServerControl register(TimeServer server, int defaultPoolSize, Consumer<String> onSwitch) {
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = objectName();
        ServerControl control = new ServerControl(server, defaultPoolSize, onSwitch, mbeans, name);
        try {
            mbeans.registerMBean(control, name);
        } catch (InstanceAlreadyExistsException e) {
            throw new IllegalStateException("another server of this JVM is registered as " + OBJECT_NAME, e);
        } catch (JMException e) {
            throw new IllegalStateException("cannot register " + OBJECT_NAME + ": " + e.getMessage(), e);
        }
        return control;
    }

    static ObjectName objectName() {
        try {
            return new ObjectName(OBJECT_NAME);
        } catch (MalformedObjectNameException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public String switchModel(String model) {
        ServerModel next = ServerModel.parse(model, defaultPoolSize);
        String before;
        synchronized (server) { // TimeServer.switchModel locks the server too: "before" is the model it replaced
            before = server.model().label();
            server.switchModel(next);
        }
        String what = before.equals(next.label()) ? next.label() + " (unchanged)" : before + " -> " + next.label();
        onSwitch.accept(what);
        return what;
    }

    @Override
    public String getModel() {
        return server.model().label();
    }

    @Override
    public int getPort() {
        return server.port();
    }

    @Override
    public long getAccepted() {
        return server.stats().accepted();
    }

    @Override
    public long getActive() {
        return server.stats().active();
    }

    @Override
    public long getPeakActive() {
        return server.stats().peakActive();
    }

    @Override
    public long getRequests() {
        return server.stats().requests();
    }

    @Override
    public long getErrorReplies() {
        return server.stats().errorReplies();
    }

    @Override
    public long getBusyRejected() {
        return server.stats().busyRejected();
    }

    @Override
    public long getAcceptFailures() {
        return server.stats().acceptFailures();
    }

    @Override
    public int getMaxConnections() {
        return server.stats().maxConnections();
    }

    @Override
    public int getPlatformThreads() {
        return server.stats().platformThreads();
    }

    @Override
    public int getPeakPlatformThreads() {
        return server.stats().peakPlatformThreads();
    }

    @Override
    public long getVirtualThreads() {
        return server.stats().virtualThreads();
    }

    @Override
    public long getPeakVirtualThreads() {
        return server.stats().peakVirtualThreads();
    }

    @Override
    public String getWork() {
        return server.stats().work().label();
    }

    @Override
    public long getInFlight() {
        return server.stats().inFlight();
    }

    @Override
    public long getPeakInFlight() {
        return server.stats().peakInFlight();
    }

    @Override
    public long getQueued() {
        return server.stats().queued();
    }

    @Override
    public long getPeakQueued() {
        return server.stats().peakQueued();
    }

    @Override
    public Map<String, Long> getClosedByReason() {
        Map<String, Long> m = new TreeMap<>();
        server.stats().closed().forEach((reason, n) -> m.put(reason.name(), n));
        return m;
    }

    @Override
    public Map<String, Long> getServedByModel() {
        return new TreeMap<>(server.servedByModel());
    }

    /** Unregisters the MBean; idempotent. */
    @Override
    public void close() {
        try {
            if (mbeans.isRegistered(name)) {
                mbeans.unregisterMBean(name);
            }
        } catch (JMException e) {
            // unregistered meanwhile: nothing left to do
        }
    }
}

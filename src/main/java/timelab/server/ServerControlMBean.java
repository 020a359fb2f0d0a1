package timelab.server;

import java.util.Map;

/**
 * The JMX management interface of a running server, registered as {@value ServerControl#OBJECT_NAME}: what JMC's
 * MBean browser and {@code timelab server-ctl} see. Attributes are plain numbers, strings and maps of them, so any
 * JMX client can read them without timelab's classes.
 */
public interface ServerControlMBean {

    /** The model new connections go to ({@code platform}, {@code fixed:4}, …). */
    String getModel();

    /** The TCP port the server listens on. */
    int getPort();

    long getAccepted();

    long getActive();

    long getPeakActive();

    long getRequests();

    long getErrorReplies();

    long getBusyRejected();

    long getAcceptFailures();

    int getMaxConnections();

    /** Live platform threads of the whole JVM ({@code ThreadMXBean}). */
    int getPlatformThreads();

    int getPeakPlatformThreads();

    /** Live virtual threads serving connections, counted by the server (the JVM's counters do not see them). */
    long getVirtualThreads();

    long getPeakVirtualThreads();

    /** The work each request costs ({@code --work}), as written on the command line. */
    String getWork();

    /** Requests read and not yet answered. */
    long getInFlight();

    long getPeakInFlight();

    /** Requests or accepted connections waiting for a thread or the event loop. */
    long getQueued();

    long getPeakQueued();

    /** Ended connections by how they ended ({@link CloseReason} names). */
    Map<String, Long> getClosedByReason();

    /** Ended connections by the model that served them: which model served what across live switches. */
    Map<String, Long> getServedByModel();

    /**
     * Sends new connections to another model from now on; established ones finish on the model that accepted them.
     *
     * @param model {@code platform | fixed[:N] | cached | virtual | nio | single}
     * @return what happened, e.g. {@code platform -> virtual}
     * @throws IllegalArgumentException for an unknown model, naming the choices
     */
    String switchModel(String model);
}

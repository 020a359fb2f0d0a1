package timelab.measure;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * One connection on the server, from accept (the event's start) to close (its end): the event's duration is how long
 * the connection was open. Committed on the thread that ended the connection, so JMC shows which thread served it (a
 * {@code timelab-virtual-N} virtual thread, a pool thread, the NIO loop, the acceptor for {@code single}).
 */
@Name("timelab.Connection")
@Label("Connection")
@Description("A connection served by the timelab server, from accept to close")
final class ConnectionEvent extends TimelabEvent {

    @Label("Model")
    @Description("The server model that served the connection (platform, fixed:N, cached, virtual, nio, single)")
    String model;

    @Label("Remote")
    @Description("The client's address and port")
    String remote;

    @Label("Requests")
    @Description("Commands answered on the connection")
    long requests;

    @Label("Close Reason")
    @Description("How the connection ended (QUIT, PEER_CLOSED, RESET, IDLE_TIMEOUT, ...)")
    String closeReason;
}

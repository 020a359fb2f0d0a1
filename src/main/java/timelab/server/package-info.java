/**
 * The server: one listener and one acceptor, six switchable threading models ({@link timelab.server.ServerModel}),
 * and {@code netty} on a listener of its own (not switchable live); one protocol implementation shared by all of
 * them.
 *
 * <p>Public, for the application, the experiments, the command line, {@code fork} and {@code measure}: {@link
 * timelab.server.TimeServer} (the entry point and the one place a model becomes threads), its options ({@link
 * timelab.server.ServerOptions}, {@link timelab.server.AccessLogOptions}), what it reports ({@link
 * timelab.server.ServerStats}, {@link timelab.server.CloseReason}, {@link timelab.server.AccessLogStats}; {@link
 * timelab.server.ServerStatus}, the status report typed, and {@link timelab.server.StatusLine}, its {@code key=value}
 * line's format and parser), what it tells its owner ({@link timelab.server.ServerObserver}, {@link
 * timelab.server.ConnectionObserver}) and the live model switch over JMX ({@link timelab.server.ServerControl}, its
 * {@link timelab.server.ServerControlMBean}, and {@link timelab.server.RemoteServerControl} for a server in another
 * local JVM), and {@link timelab.server.VirtualThreadIo} (sets the JDK's virtual-thread I/O poller up while descriptors
 * are free; the client calls it too). Everything else is package-private machinery: the {@code Front} connections
 * come from, either the {@code Acceptor} (listener, accept loop with back-off, the connection cap) or {@code
 * NettyServer} (Netty's listener; also the {@code netty} model's dispatcher, each channel served by a {@code
 * NettyConnection}, {@code --work call} by a {@code NettyBackend}), the {@code Dispatcher}s that are the models ({@code
 * ExecutorDispatcher}, {@code InlineDispatcher}, {@code EventLoop}, {@code NettyServer}), {@code BlockingHandler}, the
 * I/O-free {@code
 * Session}, {@code Connection} and {@code Connections}, {@code Counters}, {@code Problems}, and the access log ({@code
 * AccessLog}, {@code AccessLogChannel}, {@code AccessLogFormat}, {@code RequestLog}).
 *
 * <p>Threads, all named: {@code timelab-acceptor} (platform; accepts for every model, and serves {@code single}),
 * {@code timelab-timer} (read and write deadlines), {@code timelab-access-log} (the one writer of the log), and the
 * model's own ({@code timelab-platform-N}, {@code timelab-fixed-N}, {@code timelab-cached-N},
 * {@code timelab-virtual-N}, {@code timelab-nio-loop}; {@code netty}: {@code timelab-netty-server-N}, its N event
 * loops, which accept too, so it has no {@code timelab-acceptor}). A connection is used by one thread at a time;
 * observers are called on server threads and must be quick and thread-safe.
 */
package timelab.server;

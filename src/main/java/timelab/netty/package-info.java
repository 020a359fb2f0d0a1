/**
 * Netty's event loops, shared by the {@code netty} server model ({@code timelab.server}) and the {@code netty}
 * client strategy ({@code timelab.client}): which {@link timelab.netty.Transport} (io_uring, epoll, nio) and the
 * started {@link timelab.netty.EventLoops} with the channel classes that go with it, falling back down
 * {@code io_uring → epoll → nio} with a one-line reason when a transport cannot start here.
 */
package timelab.netty;

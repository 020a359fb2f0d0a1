/**
 * What a server does for each request besides answering it: the {@link timelab.work.Work} a request costs (none, a
 * wait, CPU, a pinned wait, calls to a backend) and the {@link timelab.work.Wait} it lasts (fixed, uniform or
 * exponential). Values only: how each server model performs a work is the server's business, what each model should
 * reach under it is the experiments' (Little's law).
 *
 * <p>Uses only {@code choice}; used by {@code server}, the experiments and the command line.
 */
package timelab.work;

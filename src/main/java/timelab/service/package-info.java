/**
 * What a line means, independent of how connections are scheduled: the {@code time} service and the
 * {@code charcount} service (PROTOCOL.md). A {@link timelab.service.Service} is a pure function of one command and
 * the injected clock; every server model runs the same instance, from any number of threads.
 *
 * <p>Public, for the server and the command line: {@link timelab.service.ServiceKind} (the closed set, as
 * {@code --service} names it; {@code Service.of} is the one switch over it), {@link timelab.service.Service} (sealed:
 * {@link timelab.service.TimeService}, {@link timelab.service.CharCountService}) and
 * {@link timelab.service.Reply}. Uses only {@code protocol}.
 */
package timelab.service;

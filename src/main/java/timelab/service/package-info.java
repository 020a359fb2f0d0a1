/**
 * What a request means, independent of how connections are scheduled: the {@code time} service and the
 * {@code charcount} service (docs/reference/protocol.md), and the coursework's own replies: {@code echo} (the request
 * in a {@code --reply} template) and {@code greet} (speaks first, reads nothing; docs/guides/coursework.md). A {@link
 * timelab.service.Service} is a pure function of one command and the injected clock; every server model runs the same
 * instance, from any number of threads.
 *
 * <p>Public, for the server and the command line: {@link timelab.service.ServiceKind} (the closed set, as
 * {@code --service} names it; {@code Service.of} is the one switch over it), {@link timelab.service.Service} (sealed:
 * {@link timelab.service.TimeService}, {@link timelab.service.CharCountService}, {@link timelab.service.EchoService},
 * {@link timelab.service.GreetService}), {@link timelab.service.ReplyTemplate} and {@link timelab.service.Reply}.
 * Uses only {@code protocol}.
 */
package timelab.service;

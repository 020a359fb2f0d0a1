/**
 * What a line means, independent of how connections are scheduled: the {@code time} service and the
 * {@code charcount} service (PROTOCOL.md). A {@link timelab.service.Service} is a pure function of one command and
 * the injected clock; every server model runs the same instance.
 */
package timelab.service;

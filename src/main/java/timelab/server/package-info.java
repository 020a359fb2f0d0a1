/**
 * The server: one listener and acceptor, six switchable threading models ({@link timelab.server.ServerModel}), one
 * protocol implementation shared by all of them. {@link timelab.server.TimeServer} is the entry point and the one
 * place a model becomes threads; everything else here is package-private machinery.
 */
package timelab.server;

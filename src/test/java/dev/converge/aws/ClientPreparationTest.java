package dev.converge.aws;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The command line prepares the SDK's clients while it parses the command and loads the stack,
 * before the stack is checked: preparing must reach nothing, so that bad input still never reaches
 * AWS (or anything else).
 */
class ClientPreparationTest {

    @Test
    void preparingTheClientsConnectsToNothing() throws IOException {
        try (ServerSocket endpoint = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AwsSession.prepareClients(URI.create("http://127.0.0.1:" + endpoint.getLocalPort()));
            endpoint.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, endpoint::accept, "preparing the clients opened a connection");
        }
    }
}

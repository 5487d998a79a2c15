package dev.converge.secrets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ScrubbingWriterTest {

    @AfterEach
    void forget() {
        SensitiveStrings.reset();
    }

    @Test
    void aSecretWrittenInPiecesIsMaskedAndAskedForOutputIsNot() {
        SensitiveStrings.addVariable("token", "hunter7token");
        StringWriter sink = new StringWriter();
        PrintWriter out = ScrubbingWriter.wrap(new PrintWriter(sink));
        out.printf("created [id=%s%s] %d%n", "tg-hunter7", "token", 3);
        out.print("prompt hunter7token? ");
        out.flush();
        ScrubbingWriter.unscrubbed(out).println("hunter7token");
        ScrubbingWriter.unscrubbed(out).flush();
        assertEquals("created [id=tg-(sensitive)] 3\nprompt (sensitive)? hunter7token\n", sink.toString().replace(System.lineSeparator(), "\n"));
    }
}

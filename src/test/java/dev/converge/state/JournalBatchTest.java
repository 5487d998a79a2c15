package dev.converge.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.converge.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The reused framing buffer of journal appends, and the indentation of the JSON its records keep. */
class JournalBatchTest {

    @TempDir
    Path dir;

    private static void record(JournalBatch batch, String payload) {
        batch.startRecord();
        batch.write(payload.getBytes(StandardCharsets.UTF_8), 0, payload.getBytes(StandardCharsets.UTF_8).length);
        batch.endRecord();
    }

    @Test
    void recordsAreFramedAsTheJournalReadsThemAndAnAbandonedOneLeavesNoTrace() throws Exception {
        JournalBatch batch = new JournalBatch();
        record(batch, "first");
        batch.startRecord();
        batch.write("half an encod".getBytes(StandardCharsets.UTF_8));
        batch.abandonRecord();
        record(batch, "sécond");
        StateJournal journal = new StateJournal(dir.resolve("j"));
        long end = journal.append(0, batch);

        batch.clear();
        record(batch, "third, in a batch used again");
        journal.append(end, batch);

        assertEquals(List.of("first", "sécond", "third, in a batch used again"), journal.read().records());
    }

    @Test
    void anEmptyOrUnfinishedRecordIsRefused() {
        JournalBatch batch = new JournalBatch();
        batch.startRecord();
        assertThrows(IllegalStateException.class, batch::endRecord, "the reader takes a length of 0 for zeros a power loss left");
        assertThrows(IllegalStateException.class, batch::framed, "a record still open");
        assertThrows(IllegalStateException.class, batch::startRecord, "one record at a time");
    }

    @Test
    void aBatchGrowsForALargeRecord() throws Exception {
        JournalBatch batch = new JournalBatch();
        String large = "x".repeat(3 * 1024 * 1024);
        record(batch, large);
        StateJournal journal = new StateJournal(dir.resolve("j"));
        journal.append(0, batch);
        assertEquals(List.of(large), journal.read().records());
    }

    @Test
    void indentedJsonIsTheMappersIndentation() throws Exception {
        ObjectMapper compact = new ObjectMapper();
        for (String json : List.of("{}", "[]", "\"s\"", "12.50", "{\"a\":{},\"b\":[],\"c\":[{},{\"d\":[1,[2,{}]]}],\"e\":null}",
                "[{\"k\":\"{[,:]}\\\"\\\\\"},true,false]", "{\"x\":{\"y\":{\"z\":\"\\u0001\\n\"}}}")) {
            byte[] bytes = compact.writeValueAsBytes(compact.readTree(json));
            IndentedJson.Output out = new IndentedJson.Output();
            IndentedJson.write(bytes, 0, bytes.length, 0, out);
            java.io.ByteArrayOutputStream written = new java.io.ByteArrayOutputStream();
            out.drainTo(written);
            assertEquals(Json.mapper().writeValueAsString(compact.readTree(json)), written.toString(StandardCharsets.UTF_8), json);
        }
    }
}

package dev.converge.provider.aws.ec2;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Ec2SupportTest {

    @Test
    void idsAreSplitIntoFilterSizedChunksInOrder() {
        List<String> ids = IntStream.range(0, 401).mapToObj(i -> "i-" + i).toList();
        List<List<String>> chunks = Ec2Support.chunks(ids);
        assertEquals(List.of(200, 200, 1), chunks.stream().map(List::size).toList());
        assertEquals(ids, chunks.stream().flatMap(List::stream).toList());
        assertEquals(List.of(), Ec2Support.chunks(List.of()));
    }

    @Test
    void arnPartitionFollowsTheRegion() {
        assertEquals("aws", Ec2Support.partition("ap-northeast-2"));
        assertEquals("aws-cn", Ec2Support.partition("cn-north-1"));
        assertEquals("aws-us-gov", Ec2Support.partition("us-gov-west-1"));
    }
}

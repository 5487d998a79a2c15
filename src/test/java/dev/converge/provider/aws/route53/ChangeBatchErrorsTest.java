package dev.converge.provider.aws.route53;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ChangeBatchErrorsTest {

    @Test
    void readsEveryMessageOfAnInvalidChangeBatchBody() {
        String body = """
                <?xml version="1.0" encoding="UTF-8"?>
                <InvalidChangeBatch xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
                  <Messages>
                    <Message>Tried to create resource record set [name=&apos;www.example.com.&apos;, type=&apos;A&apos;] but it already exists</Message>
                    <Message>Second &amp; last</Message>
                  </Messages>
                  <RequestId>b25f48e8-84fd-11e6-80d9-574e0c4664cb</RequestId>
                </InvalidChangeBatch>""";
        assertEquals(List.of("Tried to create resource record set [name='www.example.com.', type='A'] but it already exists",
                "Second & last"), ChangeBatchErrors.messages(body));
    }
}

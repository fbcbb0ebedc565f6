package dev.pacer.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pacer.application.port.ChatGateway;
import dev.pacer.domain.ConversationKey;
import dev.pacer.domain.Message;
import dev.pacer.domain.MessageType;
import dev.pacer.domain.Reply;
import dev.pacer.domain.ReplyFailedException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FanOutChatGatewayTest {

    /** Records calls and fails each of them while {@code failure} is set. */
    private static final class RecordingGateway implements ChatGateway {

        final List<String> calls = new ArrayList<>();
        Exception failure;

        @Override
        public void showTyping(Message message) throws ReplyFailedException {
            calls.add("typing " + message.id());
            fail();
        }

        @Override
        public void send(Reply reply) throws ReplyFailedException {
            calls.add("reply " + reply.idempotencyKey());
            fail();
        }

        private void fail() throws ReplyFailedException {
            if (failure instanceof ReplyFailedException replyFailed) {
                throw replyFailed;
            }
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
        }
    }

    private final RecordingGateway webhook = new RecordingGateway();
    private final RecordingGateway events = new RecordingGateway();
    private final FanOutChatGateway fanOut = new FanOutChatGateway(webhook, List.of(events));

    @Test
    void replyReachesEveryGateway() throws Exception {
        fanOut.send(reply());

        assertThat(webhook.calls).containsExactly("reply m1");
        assertThat(events.calls).containsExactly("reply m1");
    }

    @Test
    void requiredFailureFailsAndSkipsBestEffort() {
        webhook.failure = ReplyFailedException.retryable("webhook down");

        assertThatThrownBy(() -> fanOut.send(reply())).isInstanceOf(ReplyFailedException.class);
        assertThat(events.calls).isEmpty();
    }

    @Test
    void bestEffortFailureIsIgnored() throws Exception {
        events.failure = new IllegalStateException("stream broken");

        fanOut.send(reply());
        fanOut.showTyping(message());

        assertThat(webhook.calls).containsExactly("reply m1", "typing m1");
    }

    @Test
    void typingReachesBestEffortEvenWhenRequiredFails() {
        webhook.failure = ReplyFailedException.retryable("webhook down");

        assertThatThrownBy(() -> fanOut.showTyping(message())).isInstanceOf(ReplyFailedException.class);
        assertThat(events.calls).containsExactly("typing m1");
    }

    private static Message message() {
        return new Message("m1", ConversationKey.of(null, "u1"), "c1", "hello", MessageType.REGULAR, Instant.now(), 0);
    }

    private static Reply reply() {
        return Reply.to(message(), "hi");
    }
}

package dev.pacer.adapters.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.pacer.application.port.ChatGateway;
import dev.pacer.domain.Message;
import dev.pacer.domain.Reply;
import io.javalin.http.sse.SseClient;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ChatGateway} that streams {@code typing} and {@code reply} events to the clients of
 * {@code GET /v1/chats/{chatId}/events} that follow the event's chat.
 *
 * <p>Delivery is best effort and in process: only clients connected to this instance see events
 * dispatched by this instance, and nothing is kept for a client that is not connected. Publishing
 * does not block on a slow client, because each client has a bounded buffer that its own request
 * thread drains. A client whose buffer overflows is disconnected. Thread safe.
 */
public final class SseChatEvents implements ChatGateway {

    private static final Logger log = LoggerFactory.getLogger(SseChatEvents.class);

    private final SseSettings settings;
    private final Clock clock;
    private final ConcurrentHashMap<String, Set<SseSubscription>> subscriptionsByChat = new ConcurrentHashMap<>();
    private final AtomicInteger clients = new AtomicInteger();

    public SseChatEvents(SseSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public void showTyping(Message message) {
        publish(message.chatId(), ChatEvent.typing(message, clock.instant()));
    }

    @Override
    public void send(Reply reply) {
        publish(reply.chatId(), ChatEvent.reply(reply, clock.instant()));
    }

    /** Returns how many clients follow {@code chatId} now. */
    public int clientCount(String chatId) {
        Set<SseSubscription> subscriptions = subscriptionsByChat.get(chatId);
        return subscriptions == null ? 0 : subscriptions.size();
    }

    /** Ends every stream. Their clients see the response end and may reconnect. */
    public void disconnectAll() {
        subscriptionsByChat.values().forEach(subscriptions -> subscriptions.forEach(SseSubscription::close));
    }

    /**
     * Registers a client for {@code chatId} before its response starts, so that a full instance can
     * still respond with a problem.
     *
     * @throws ProblemException with status 503 when {@link SseSettings#maxClients()} are connected
     */
    SseSubscription subscribe(String chatId) {
        if (clients.incrementAndGet() > settings.maxClients()) {
            clients.decrementAndGet();
            throw new ProblemException(Problems.tooManyStreams(settings.maxClients()),
                    ProblemMapper.retryAfter(settings.keepAliveInterval()));
        }
        SseSubscription subscription = new SseSubscription(chatId, settings.bufferedEventsPerClient());
        // Adding inside compute keeps a concurrent unsubscribe from dropping the set we add to.
        subscriptionsByChat.compute(chatId, (key, subscriptions) -> {
            Set<SseSubscription> target = subscriptions == null ? ConcurrentHashMap.newKeySet() : subscriptions;
            target.add(subscription);
            return target;
        });
        return subscription;
    }

    /**
     * Writes the subscription's events to {@code client} until the client goes away, the buffer
     * overflows or {@link #disconnectAll()} is called. Runs on the request's own thread and blocks.
     */
    void stream(SseSubscription subscription, SseClient client) {
        try {
            client.sendComment("connected");
            while (!client.terminated() && subscription.isOpen()) {
                SseSubscription.Event event = subscription.next(settings.keepAliveInterval().toMillis(), TimeUnit.MILLISECONDS);
                if (event == null) {
                    client.sendComment("keep-alive");
                } else if (event != SseSubscription.Event.END) {
                    client.sendEvent(event.name(), event.data());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("chat={} event stream failed and is closed", subscription.chatId(), e);
        } finally {
            unsubscribe(subscription);
            client.close();
        }
    }

    /** Removes a subscription, also one whose stream never started. Calling it again does nothing. */
    void unsubscribe(SseSubscription subscription) {
        subscription.close();
        if (!subscription.markRemoved()) {
            return;
        }
        subscriptionsByChat.computeIfPresent(subscription.chatId(), (chatId, subscriptions) -> {
            subscriptions.remove(subscription);
            return subscriptions.isEmpty() ? null : subscriptions;
        });
        clients.decrementAndGet();
    }

    private void publish(String chatId, ChatEvent event) {
        Set<SseSubscription> subscriptions = subscriptionsByChat.get(chatId);
        if (subscriptions == null || subscriptions.isEmpty()) {
            return;
        }
        SseSubscription.Event frame = new SseSubscription.Event(event.type(), toJson(event));
        for (SseSubscription subscription : subscriptions) {
            if (!subscription.offer(frame)) {
                log.warn("chat={} event stream client is {} events behind, so it is disconnected and has to reconnect",
                        chatId, settings.bufferedEventsPerClient());
            }
        }
    }

    private static String toJson(ChatEvent event) {
        try {
            return ApiJson.mapper().writeValueAsString(event);
        } catch (JsonProcessingException e) {
            // A ChatEvent contains only strings and a list of strings, which Jackson always serializes.
            throw new IllegalStateException("chat event could not be serialized", e);
        }
    }
}

package dev.pacer.adapters.redis;

import dev.pacer.application.port.StoreUnavailableException;
import io.netty.channel.ChannelException;
import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.redisson.RedissonShutdownException;
import org.redisson.api.RFuture;
import org.redisson.client.RedisConnectionException;
import org.redisson.client.RedisException;
import org.redisson.client.RedisNodeNotFoundException;
import org.redisson.client.RedisOutOfMemoryException;
import org.redisson.client.RedisReadonlyException;
import org.redisson.client.RedisReconnectedException;
import org.redisson.client.RedisRetryException;
import org.redisson.client.RedisTimeoutException;

/**
 * The one place where Redisson and Netty failures that mean "Redis cannot be reached or did not
 * answer" become {@link StoreUnavailableException}. Other Redis errors, such as a failing script,
 * are bugs and stay as they are.
 */
final class StoreCalls {

    private StoreCalls() {}

    /** Runs one Redis call, translating outage failures; {@code operation} names it in the message. */
    static <T> T call(String operation, Supplier<T> action) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            throw translate(operation, e);
        }
    }

    /** Waits for an asynchronous Redis call, translating outage failures and an expired wait. */
    static <T> T await(String operation, RFuture<T> future, long timeoutMillis) {
        try {
            return future.toCompletableFuture().get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException(operation + " was interrupted while waiting for Redis", e);
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new StoreUnavailableException(operation + " timed out after " + timeoutMillis + " ms", e);
        } catch (ExecutionException | CompletionException | CancellationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof RuntimeException runtime) {
                throw translate(operation, runtime);
            }
            throw new StoreUnavailableException(operation + " failed: " + cause, cause);
        }
    }

    static RuntimeException translate(String operation, RuntimeException failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause()
                : failure;
        if (isOutage(cause)) {
            return new StoreUnavailableException(
                    operation + " failed because Redis is unavailable: " + cause.getMessage(), cause);
        }
        return cause instanceof RuntimeException runtime ? runtime : failure;
    }

    private static boolean isOutage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RedisConnectionException
                    || t instanceof RedisTimeoutException
                    || t instanceof RedisRetryException
                    || t instanceof RedisNodeNotFoundException
                    || t instanceof RedisReconnectedException
                    || t instanceof RedisReadonlyException
                    || t instanceof RedisOutOfMemoryException
                    || t instanceof RedissonShutdownException
                    || t instanceof ChannelException
                    || t instanceof IOException) {
                return true;
            }
            if (t instanceof RedisException && isConnectionMessage(t.getMessage())) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** Recognizes the plain RedisException that Redisson raises when a connection closes mid-command. */
    private static boolean isConnectionMessage(String message) {
        return message != null
                && (message.contains("Connection closed") || message.contains("connection closed")
                        || message.contains("Channel closed") || message.contains("LOADING"));
    }
}

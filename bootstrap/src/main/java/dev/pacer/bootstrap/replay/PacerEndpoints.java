package dev.pacer.bootstrap.replay;

import java.net.URI;
import java.net.http.HttpRequest;

/** The URLs of Pacer's HTTP API under one base URL, and the bearer token sent to them. */
final class PacerEndpoints {

    private final String baseUrl;
    private final String apiKey;

    /** @param apiKey the bearer token, or null to send no {@code Authorization} header */
    PacerEndpoints(URI baseUrl, String apiKey) {
        this.baseUrl = baseUrl.toString().replaceAll("/+$", "");
        this.apiKey = apiKey;
    }

    URI messages() {
        return URI.create(baseUrl + "/v1/messages");
    }

    /** Returns the event stream URL. Chat ids contain only URL-safe characters, so none is encoded. */
    URI chatEvents(String chatId) {
        return URI.create(baseUrl + "/v1/chats/" + chatId + "/events");
    }

    HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri);
        if (apiKey != null) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        return builder;
    }
}

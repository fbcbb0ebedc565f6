package dev.pacer.adapters.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OpenAiSettingsTest {

    @ParameterizedTest
    @CsvSource({
        "https://api.openai.com/v1,            https://api.openai.com/v1/chat/completions",
        "https://api.openai.com/v1/,           https://api.openai.com/v1/chat/completions",
        "http://127.0.0.1:11434/v1,            http://127.0.0.1:11434/v1/chat/completions",
        "http://localhost:8000,                http://localhost:8000/chat/completions",
        "https://x.openai.azure.com/openai/deployments/gpt4o?api-version=2024-06-01, "
                + "https://x.openai.azure.com/openai/deployments/gpt4o/chat/completions?api-version=2024-06-01"
    })
    void completionsUriAppendsPathAndKeepsQuery(String baseUrl, String expected) {
        OpenAiSettings settings = OpenAiSettings.of(baseUrl, "m");

        assertThat(settings.completionsUri()).isEqualTo(URI.create(expected));
    }

    @Test
    void endpointForLogsDropsQuery() {
        OpenAiSettings settings = OpenAiSettings.of("https://x.example/openai?api-version=1&token=secret", "m");

        assertThat(settings.endpointForLogs()).isEqualTo("https://x.example/openai/chat/completions");
    }

    @Test
    void defaultsApply() {
        OpenAiSettings settings = OpenAiSettings.of("http://127.0.0.1:11434/v1", "llama3");

        assertThat(settings.apiKey()).isNull();
        assertThat(settings.authStyle()).isEqualTo(AuthStyle.BEARER);
        assertThat(settings.systemPrompt()).isEqualTo(OpenAiSettings.DEFAULT_SYSTEM_PROMPT);
        assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.maxTokens()).isNull();
        assertThat(settings.temperature()).isNull();
    }

    @Test
    void blankApiKeyMeansNone() {
        OpenAiSettings settings = OpenAiSettings.of("http://127.0.0.1:11434/v1", "m").withApiKey("  ");

        assertThat(settings.apiKey()).isNull();
    }

    @Test
    void toStringMasksApiKey() {
        OpenAiSettings settings = OpenAiSettings.of("https://api.openai.com/v1", "m").withApiKey("sk-secret-123");

        assertThat(settings.toString()).doesNotContain("sk-secret-123").contains("apiKey=***");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://host/v1", "127.0.0.1:11434/v1", "http:///v1", "http://host/v1#part", "not a url"})
    void invalidBaseUrlIsRejected(String baseUrl) {
        assertThatIllegalArgumentException().isThrownBy(() -> OpenAiSettings.of(baseUrl, "m"));
    }

    @Test
    void userInfoIsRejectedWithoutEcho() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> OpenAiSettings.of("https://user:hunter2@host/v1", "m"))
                .withMessageNotContaining("hunter2")
                .withMessageContaining("user info");
    }

    @Test
    void invalidOptionsAreRejected() {
        OpenAiSettings settings = OpenAiSettings.of("http://127.0.0.1:11434/v1", "m");

        assertThatIllegalArgumentException().isThrownBy(() -> OpenAiSettings.of("http://127.0.0.1/v1", " "));
        assertThatIllegalArgumentException().isThrownBy(() -> settings.withRequestTimeout(Duration.ZERO));
        assertThatIllegalArgumentException().isThrownBy(() -> settings.withConnectTimeout(Duration.ofSeconds(-1)));
        assertThatIllegalArgumentException().isThrownBy(() -> settings.withMaxTokens(0));
        assertThatIllegalArgumentException().isThrownBy(() -> settings.withTemperature(2.5));
        assertThatIllegalArgumentException().isThrownBy(() -> settings.withTemperature(Double.NaN));
    }
}

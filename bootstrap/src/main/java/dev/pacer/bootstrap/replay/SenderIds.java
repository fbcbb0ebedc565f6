package dev.pacer.bootstrap.replay;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Maps sender names into Pacer's safe id set: 1 to 128 characters from {@code A-Z a-z 0-9 _ - . @}.
 *
 * <p>A name that is already a safe id is used unchanged. Any other name keeps a readable part
 * (accents removed, each other character outside the set replaced by {@code _}, cut to fit) and gets
 * {@code -} and the first 8 hex digits of the SHA-256 of the name appended. The hash keeps names
 * that differ only in replaced characters apart ({@code "a b"} and {@code "a+b"}), and the same
 * name always maps to the same id.
 */
final class SenderIds {

    static final int MAX_LENGTH = 128;

    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_.@-]{1," + MAX_LENGTH + "}");
    private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}+");
    private static final int HASH_HEX_DIGITS = 8;

    private SenderIds() {}

    static boolean isSafe(String id) {
        return SAFE_ID.matcher(id).matches();
    }

    static String toSafeId(String name) {
        if (isSafe(name)) {
            return name;
        }

        String withoutAccents = COMBINING_MARKS.matcher(Normalizer.normalize(name, Normalizer.Form.NFKD)).replaceAll("");
        StringBuilder readable = new StringBuilder();
        withoutAccents.codePoints().forEach(c -> readable.append(isSafeCharacter(c) ? (char) c : '_'));

        int maxReadableLength = MAX_LENGTH - 1 - HASH_HEX_DIGITS;
        if (readable.length() > maxReadableLength) {
            readable.setLength(maxReadableLength);
        }
        if (readable.isEmpty()) {
            readable.append("user");
        }
        return readable + "-" + hash(name);
    }

    private static boolean isSafeCharacter(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '_' || c == '.' || c == '@' || c == '-';
    }

    private static String hash(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_HEX_DIGITS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }
}

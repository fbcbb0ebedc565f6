package dev.pacer.adapters.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;

/**
 * Turns a failure to parse a request body into a problem whose detail is a plain sentence. Jackson's
 * own messages name its classes, features and Java types, so only a duplicated field's name is
 * taken from them.
 */
final class MalformedJson {

    private MalformedJson() {}

    /** Creates the 400 problem for {@code e}, naming the duplicated field or else {@code body}. */
    static Problem describe(JsonProcessingException e) {
        String where = at(e.getLocation());
        if (e instanceof StreamConstraintsException limit) {
            return Problems.malformedJson("body", limitExceeded(limit, where));
        }
        if (e instanceof JsonEOFException) {
            return Problems.malformedJson("body", "the body ends" + where
                    + " before the JSON is complete: send the whole JSON object");
        }
        String duplicate = duplicateField(e.getOriginalMessage());
        if (duplicate != null) {
            return Problems.malformedJson(duplicate, "field " + duplicate + " appears more than once: send it once");
        }
        return Problems.malformedJson("body", "the body is not valid JSON" + where + ": send one JSON object");
    }

    // NOTE: Jackson 2.23 distinguishes its read limits only by message wording. If that wording
    // changes, the detail falls back to the general sentence, which is still true.
    private static String limitExceeded(StreamConstraintsException e, String where) {
        String message = String.valueOf(e.getOriginalMessage());
        if (message.startsWith("Document nesting depth")) {
            return "the JSON is nested deeper than " + ApiJson.MAX_NESTING_DEPTH + " levels" + where
                    + ": send a flat JSON object";
        }
        if (message.startsWith("Number value length")) {
            int maxDigits = ApiJson.mapper().getFactory().streamReadConstraints().getMaxNumberLength();
            return "the JSON has a number longer than " + maxDigits + " digits" + where
                    + ": send a shorter number, or the id as a string";
        }
        return "the JSON exceeds a parser size limit" + where + ": send a smaller JSON object";
    }

    /** Returns the field named by Jackson's strict duplicate detection, or null for other errors. */
    private static String duplicateField(String message) {
        String prefix = "Duplicate field '";
        if (message == null || !message.startsWith(prefix)) {
            return null;
        }
        int end = message.indexOf('\'', prefix.length());
        return end < 0 ? null : message.substring(prefix.length(), end);
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}

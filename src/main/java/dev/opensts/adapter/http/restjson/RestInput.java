package dev.opensts.adapter.http.restjson;

import java.util.Map;

/**
 * An operation's input, decoded and checked against its model: strings, integers, booleans and maps of strings,
 * by member name. Absent members are null.
 */
public record RestInput(Map<String, Object> values) {
    public RestInput {
        values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
    }

    public String string(String member) {
        return (String) values.get(member);
    }

    public Integer integer(String member) {
        return (Integer) values.get(member);
    }

    public Boolean bool(String member) {
        return (Boolean) values.get(member);
    }

    @SuppressWarnings("unchecked")
    public Map<String, String> stringMap(String member) {
        return (Map<String, String>) values.get(member);
    }
}

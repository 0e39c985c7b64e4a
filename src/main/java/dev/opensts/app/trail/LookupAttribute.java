package dev.opensts.app.trail;

/** LookupEvents' one LookupAttribute: which value of a record to match, and the value. */
public record LookupAttribute(Key key, String value) {

    /** The attribute keys CloudTrail's LookupEvents takes (EventCategory apart, which is a separate member). */
    public enum Key {
        EventId, EventName, ReadOnly, Username, ResourceType, ResourceName, EventSource, AccessKeyId
    }
}

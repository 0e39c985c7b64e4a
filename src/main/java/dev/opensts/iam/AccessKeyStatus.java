package dev.opensts.iam;

public enum AccessKeyStatus {
    Active, Inactive
}

package dev.opensts.archfixture.iam;

/** One half of a package cycle. */
public class CycleA {
    dev.opensts.archfixture.policy.CycleB b;
}

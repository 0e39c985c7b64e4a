package dev.opensts.archfixture.policy;

/** The other half of a package cycle. */
public class CycleB {
    dev.opensts.archfixture.iam.CycleA a;
}

package dev.opensts.archfixture.policy;

/** Core reaching for a framework. */
public class UsesQuarkus {
    io.quarkus.runtime.StartupEvent event;
}

package dev.opensts.archfixture.app;

/** The application layer reaching into an adapter. */
public class UsesAdapter {
    dev.opensts.archfixture.adapter.kafka.KafkaThing thing;
}

package dev.opensts.archfixture.adapter.kafka;

/** An adapter reaching into the wiring. */
public class KafkaThing {
    dev.opensts.archfixture.config.Wiring wiring;
}

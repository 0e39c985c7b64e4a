package dev.opensts.archfixture.adapter.postgres;

/** One adapter reaching into another. */
public class ReachesIntoKafka {
    dev.opensts.archfixture.adapter.kafka.KafkaThing thing;
}

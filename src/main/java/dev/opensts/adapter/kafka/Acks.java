package dev.opensts.adapter.kafka;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** A producer send as a future that completes when the broker acknowledged the record. */
final class Acks {
    private Acks() {
    }

    /** Like {@link #send}, completing with the record's timestamp as the broker stored it. */
    static CompletableFuture<Instant> sendForTime(KafkaProducer<String, byte[]> producer,
                                                  ProducerRecord<String, byte[]> record) {
        var ack = new CompletableFuture<Instant>();
        try {
            producer.send(record, (meta, err) -> {
                if (err != null) {
                    ack.completeExceptionally(err);
                } else {
                    ack.complete(Instant.ofEpochMilli(meta.timestamp()));
                }
            });
        } catch (RuntimeException err) {
            ack.completeExceptionally(err);
        }
        return ack;
    }

    static CompletableFuture<Void> send(KafkaProducer<String, byte[]> producer, ProducerRecord<String, byte[]> record) {
        var ack = new CompletableFuture<Void>();
        try {
            producer.send(record, (meta, err) -> {
                if (err != null) {
                    ack.completeExceptionally(err);
                } else {
                    ack.complete(null);
                }
            });
        } catch (RuntimeException err) {
            // send itself fails fast when metadata cannot be had within max.block.ms
            ack.completeExceptionally(err);
        }
        return ack;
    }
}

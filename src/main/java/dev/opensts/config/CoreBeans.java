package dev.opensts.config;

import dev.opensts.adapter.kafka.EventCodec;
import dev.opensts.adapter.kafka.KafkaEventLog;
import dev.opensts.control.Authorizer;
import dev.opensts.control.CommandBus;
import dev.opensts.credentials.CredentialIds;
import dev.opensts.credentials.KeyRing;
import dev.opensts.view.LiveView;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/** The few objects the framework-free core needs, built once from configuration. */
@Singleton
public class CoreBeans {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    SecureRandom random() {
        return new SecureRandom();
    }

    @Produces
    @Singleton
    @Named("replicaId")
    String replicaId(OpenStsConfig config) {
        return config.replicaId().filter(s -> !s.isBlank()).orElse(UUID.randomUUID().toString().substring(0, 8));
    }

    @Produces
    @Singleton
    KeyRing keyRing(OpenStsConfig config, SecureRandom random) {
        return KeyRing.parse(config.keyring(), random);
    }

    @Produces
    @Singleton
    CredentialIds credentialIds(SecureRandom random) {
        return new CredentialIds(random);
    }

    @Produces
    @Singleton
    LiveView liveView() {
        return new LiveView();
    }

    @Produces
    @Singleton
    EventCodec eventCodec() {
        return new EventCodec();
    }

    @Produces
    @Singleton
    KafkaEventLog eventLog(OpenStsConfig config, EventCodec codec) {
        return new KafkaEventLog(config, codec);
    }

    void closeEventLog(@Disposes KafkaEventLog log) {
        log.close();
    }

    @Produces
    @Singleton
    CommandBus commandBus(LiveView view, KafkaEventLog log, Clock clock, OpenStsConfig config,
                          @Named("replicaId") String replicaId) {
        return new CommandBus(view, log::append, clock, "/opensts/" + replicaId, config.kafka().writeTimeout());
    }

    @Produces
    @Singleton
    Authorizer authorizer(LiveView view, Clock clock) {
        return new Authorizer(view, clock);
    }
}

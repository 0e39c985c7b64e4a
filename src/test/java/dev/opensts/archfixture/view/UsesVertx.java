package dev.opensts.archfixture.view;

/** The view reaching for a framework. */
public class UsesVertx {
    io.vertx.core.buffer.Buffer buffer;
}

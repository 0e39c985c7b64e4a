package dev.opensts.archfixture.config;

/** The wiring. */
public class Wiring {
}

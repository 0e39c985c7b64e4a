package dev.opensts.archfixture.view;

/** Breaks nothing. */
public class Clean {
    java.util.List<String> names;
}

package dev.opensts.archfixture.launcher;

/** The launcher reaching into the product. */
public class Launcher {
    dev.opensts.archfixture.view.Clean product;
}

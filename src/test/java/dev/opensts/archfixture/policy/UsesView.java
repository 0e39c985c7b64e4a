package dev.opensts.archfixture.policy;

/** Core reaching up into the view. */
public class UsesView {
    dev.opensts.archfixture.view.Clean view;
}

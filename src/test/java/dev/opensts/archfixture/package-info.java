/**
 * Classes written to break the layering rules of {@code ArchitectureTest}, one breach each, so that the test shows
 * each rule can fail. Test code only; the production import never sees them.
 */
package dev.opensts.archfixture;

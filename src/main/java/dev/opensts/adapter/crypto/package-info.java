/** Cryptography from libraries outside the JDK, behind the application layer's ports (login passwords). */
package dev.opensts.adapter.crypto;

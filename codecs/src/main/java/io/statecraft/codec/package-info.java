/** Wire formats, hashing and signing shared by every part of the node. */
package io.statecraft.codec;

/** The node's Vert.x verticles, which share the event bus. */
package io.statecraft.verticle;

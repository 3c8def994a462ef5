/** The Session Manager client session core. */
package dev.warden.client;

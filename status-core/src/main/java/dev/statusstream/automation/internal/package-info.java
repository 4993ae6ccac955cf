/**
 * Automation: monitors (heartbeats and checks) and alerts that set a service's status while the
 * service is automatic, never overruling an operator who set it by hand. Not API.
 */
package dev.statusstream.automation.internal;

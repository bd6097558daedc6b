/**
 * Substrate probes and snapshots of Colima/Lima, interventions on the substrate, and the lab. Produces plain data
 * (snapshots, signals); knows nothing of the ledger. Built in the issue "Substrate snapshots and the lab".
 */
package dev.colimaproof.probes;

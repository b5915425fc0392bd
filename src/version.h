#ifndef BB_VERSION_H
#define BB_VERSION_H
#define BB_VERSION "0.1.0"
/* The date of this version (CapabilityStatement.date). */
#define BB_VERSION_DATE "2026-11-29"
#endif

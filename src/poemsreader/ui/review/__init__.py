"""The Review menu's windows: screening, evidence, quote drift, new since the digest."""

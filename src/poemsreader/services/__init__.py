"""What the front ends ask of the library: the use cases built on storage (sharing,
adding PDFs, the digest's data, integrity, the team library), and `Library`, their root."""

"""Reading a PDF: the continuous page view, its render workers, find, outline, thumbnails."""

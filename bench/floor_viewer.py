"""The floor for cold start: the least a PySide6 + pymupdf program does to show page 1.

Usage: python bench/floor_viewer.py FILE.pdf   (prints "first-paint <epoch seconds>" and quits)
"""

import sys
import time

import pymupdf
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QApplication, QLabel


class Page(QLabel):
    def paintEvent(self, event):
        super().paintEvent(event)
        print(f"first-paint {time.time():.6f}", flush=True)
        app.quit()


app = QApplication(sys.argv[:1])
page = pymupdf.open(sys.argv[1])[0]
pix = page.get_pixmap(matrix=pymupdf.Matrix(1.3, 1.3), alpha=False)
image = QImage(pix.samples, pix.width, pix.height, pix.stride, QImage.Format.Format_RGB888)
label = Page()
label.setPixmap(QPixmap.fromImage(image))
label.show()
app.exec()

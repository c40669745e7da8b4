#include "mainwindow.h"
namespace warroom {
MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent) {}
}

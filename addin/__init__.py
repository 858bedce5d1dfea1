"""绩效自评助手：Excel 加载项与工作簿的打包、VBA 工程与 LibreOffice 桥接。"""

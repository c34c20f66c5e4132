def test_linked_resident_sees_their_home(client_for, resident):
    response = client_for("resident").get("/my/")
    assert response.status_code == 200
    assert "Millfield" in response.content.decode()
